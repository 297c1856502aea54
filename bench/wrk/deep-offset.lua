dofile("bench/wrk/threads.lua")
-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different page deep in the whole collection each request, each
-- formatted once (see hour.lua).
local made = {}
request = function()
	local n = math.random(900000, 990000)
	if not made[n] then
		made[n] = wrk.format(nil, wrk.path .. sep .. "offset=" .. n)
	end
	return made[n]
end
