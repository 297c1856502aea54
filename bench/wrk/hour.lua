dofile("bench/wrk/threads.lua")
-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different one-hour window of the nine months each request. Each
-- request is formatted once and kept: formatting it every time cost wrk
-- about an eighth of its CPU, on the cores it shares with the server.
local first = 1569888000 -- 2019-10-01T00:00:00Z
local made = {}
request = function()
	local h = math.random(0, 273 * 24 - 1)
	if not made[h] then
		local s = first + h * 3600
		local window = os.date("!%Y-%m-%dT%H:00:00Z", s) .. "/" .. os.date("!%Y-%m-%dT%H:00:00Z", s + 3600)
		made[h] = wrk.format(nil, wrk.path .. sep .. "datetime=" .. window)
	end
	return made[h]
end
