-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different one-hour window of the nine months each request.
local first = 1569888000 -- 2019-10-01T00:00:00Z
request = function()
	local s = first + math.random(0, 273 * 24 - 1) * 3600
	local window = os.date("!%Y-%m-%dT%H:00:00Z", s) .. "/" .. os.date("!%Y-%m-%dT%H:00:00Z", s + 3600)
	return wrk.format(nil, wrk.path .. sep .. "datetime=" .. window)
end
