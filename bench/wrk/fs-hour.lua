-- hour.lua for pg_featureserv, which has no datetime parameter: a CQL
-- filter on the events that overlap a different one-hour window each
-- request, as Chronomap's datetime does (an event without an end is an
-- instant at its start).
local sep = wrk.path:find("?", 1, true) and "&" or "?"
local first = 1569888000 -- 2019-10-01T00:00:00Z
request = function()
	local s = first + math.random(0, 273 * 24 - 1) * 3600
	local from, to = os.date("!%Y-%m-%dT%H:00:00Z", s), os.date("!%Y-%m-%dT%H:00:00Z", s + 3600)
	local filter = "start <= " .. to .. " AND (\"end\" >= " .. from .. " OR \"end\" IS NULL AND start >= " .. from .. ")"
	return wrk.format(nil, wrk.path .. sep .. "filter=" .. filter:gsub("[^%w%-:]", function(c) return string.format("%%%02X", c:byte()) end))
end
