-- category-day.lua for pg_featureserv: a CQL filter on a category and the
-- events that overlap a day, different each request, as Chronomap's
-- category and datetime do.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
local categories = { "strike", "missile-attack", "attack", "aviation", "protest", "funeral", "politics", "diplomacy", "sanctions", "military", "legal" }
local first = 1569888000 -- 2019-10-01T00:00:00Z
request = function()
	local s = first + math.random(0, 273) * 86400
	local from, to = os.date("!%Y-%m-%dT00:00:00Z", s), os.date("!%Y-%m-%dT23:59:59Z", s)
	local filter = "category = '" .. categories[math.random(#categories)] .. "' AND start <= " .. to ..
		" AND (\"end\" >= " .. from .. " OR \"end\" IS NULL AND start >= " .. from .. ")"
	return wrk.format(nil, wrk.path .. sep .. "filter=" .. filter:gsub("[^%w%-:]", function(c) return string.format("%%%02X", c:byte()) end))
end
