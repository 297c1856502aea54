-- hour.lua for pg_featureserv, which has no datetime parameter: a CQL
-- filter on the events that start in a different one-hour window each request.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
local first = 1569888000 -- 2019-10-01T00:00:00Z
request = function()
	local s = first + math.random(0, 273 * 24 - 1) * 3600
	local filter = "start%20%3E%3D%20" .. os.date("!%Y-%m-%dT%H:00:00Z", s) .. "%20AND%20start%20%3C%20" .. os.date("!%Y-%m-%dT%H:00:00Z", s + 3600)
	return wrk.format(nil, wrk.path .. sep .. "filter=" .. filter)
end
