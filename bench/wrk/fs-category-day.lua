-- category-day.lua for pg_featureserv: a CQL filter on a category and the
-- events that start on a day, different each request.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
local categories = { "strike", "missile-attack", "attack", "aviation", "protest", "funeral", "politics", "diplomacy", "sanctions", "military", "legal" }
local first = 1569888000 -- 2019-10-01T00:00:00Z
request = function()
	local s = first + math.random(0, 273) * 86400
	local filter = "category%20%3D%20%27" .. categories[math.random(#categories)] .. "%27%20AND%20start%20%3E%3D%20" ..
		os.date("!%Y-%m-%dT00:00:00Z", s) .. "%20AND%20start%20%3C%20" .. os.date("!%Y-%m-%dT00:00:00Z", s + 86400)
	return wrk.format(nil, wrk.path .. sep .. "filter=" .. filter)
end
