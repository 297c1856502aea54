dofile("bench/wrk/threads.lua")
-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different category and day each request, each formatted once (see
-- hour.lua).
local categories = { "strike", "missile-attack", "attack", "aviation", "protest", "funeral", "politics", "diplomacy", "sanctions", "military", "legal" }
local first = 1569888000 -- 2019-10-01T00:00:00Z
local made = {}
request = function()
	local c, d = math.random(#categories), math.random(0, 273)
	local k = d * #categories + c
	if not made[k] then
		local day = os.date("!%Y-%m-%d", first + d * 86400)
		made[k] = wrk.format(nil, wrk.path .. sep .. "category=" .. categories[c] .. "&datetime=" .. day)
	end
	return made[k]
end
