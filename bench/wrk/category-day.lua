-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different category and day each request.
local categories = { "strike", "missile-attack", "attack", "aviation", "protest", "funeral", "politics", "diplomacy", "sanctions", "military", "legal" }
local first = 1569888000 -- 2019-10-01T00:00:00Z
request = function()
	local day = os.date("!%Y-%m-%d", first + math.random(0, 273) * 86400)
	return wrk.format(nil, wrk.path .. sep .. "category=" .. categories[math.random(#categories)] .. "&datetime=" .. day)
end
