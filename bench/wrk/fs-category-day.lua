dofile("bench/wrk/threads.lua")
-- category-day.lua for pg_featureserv: a CQL filter on a category and the
-- events that overlap a day, different each request, as Chronomap's
-- category and datetime do. Each request is formatted once, as in
-- category-day.lua.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
local categories = { "strike", "missile-attack", "attack", "aviation", "protest", "funeral", "politics", "diplomacy", "sanctions", "military", "legal" }
local first = 1569888000 -- 2019-10-01T00:00:00Z
local made = {}
request = function()
	local c, d = math.random(#categories), math.random(0, 273)
	local k = d * #categories + c
	if not made[k] then
		local s = first + d * 86400
		local from, to = os.date("!%Y-%m-%dT00:00:00Z", s), os.date("!%Y-%m-%dT23:59:59Z", s)
		local filter = "category = '" .. categories[c] .. "' AND start <= " .. to ..
			" AND (\"end\" >= " .. from .. " OR \"end\" IS NULL AND start >= " .. from .. ")"
		made[k] = wrk.format(nil, wrk.path .. sep .. "filter=" .. filter:gsub("[^%w%-:]", function(c) return string.format("%%%02X", c:byte()) end))
	end
	return made[k]
end
