-- wrk script for bench_api.py: POST /api/artists/import with a new attraction id on two requests of
-- three and a repeat of the previous one on the third (the join path).
local counter = 0
local thread_tag = ""

function setup(thread)
  thread:set("tag", tostring(math.random(100000, 999999)))
end

function init(args)
  thread_tag = tag or tostring(math.random(100000, 999999))
end

request = function()
  counter = counter + 1
  local n = counter
  if counter % 3 == 0 then n = counter - 1 end
  local body = string.format('{"tmAttractionId":"WRK%s%07d"}', thread_tag, n)
  return wrk.format("POST", "/api/artists/import", {["Content-Type"] = "application/json"}, body)
end
