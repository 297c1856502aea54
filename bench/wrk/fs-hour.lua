dofile("bench/wrk/threads.lua")
-- hour.lua for pg_featureserv, which has no datetime parameter: a CQL
-- filter on the events that overlap a different one-hour window each
-- request, as Chronomap's datetime does (an event without an end is an
-- instant at its start). Each request is formatted once, as in hour.lua.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
local first = 1569888000 -- 2019-10-01T00:00:00Z
local made = {}
request = function()
	local h = math.random(0, 273 * 24 - 1)
	if not made[h] then
		local s = first + h * 3600
		local from, to = os.date("!%Y-%m-%dT%H:00:00Z", s), os.date("!%Y-%m-%dT%H:00:00Z", s + 3600)
		local filter = "start <= " .. to .. " AND (\"end\" >= " .. from .. " OR \"end\" IS NULL AND start >= " .. from .. ")"
		made[h] = wrk.format(nil, wrk.path .. sep .. "filter=" .. filter:gsub("[^%w%-:]", function(c) return string.format("%%%02X", c:byte()) end))
	end
	return made[h]
end
