# Helpers the bench scripts share; sourced, not run.

# free_port prints a port nothing listens on, below the ephemeral ports
# wrk's connections take.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 12000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}

# ratio A B prints A/B with two decimals (0 when B is 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# meets VALUE OP LIMIT prints "yes" when VALUE OP LIMIT holds (OP is <= or
# >=), "no" otherwise: the reports say whether each target is met.
meets() {
	awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == "<=" ? a <= b : a >= b); print (ok ? "yes" : "no") }'
}
