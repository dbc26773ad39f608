-- wrk script for bench/ladder.sh: one rung per run.
-- wrk ... -s bench/ladder.lua http://host:port -- <method> <path> <expected status> [items per batch]
-- A batch of N sends {"items": [...]} of N feedback bodies; every body is a new slot (unique message id).
local key = os.getenv("FH_KEY")
local threads = {}
thread_number = 0  -- set per thread by setup()
errors = 0         -- per thread, summed by done()

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local method, path, expected, items
local counter = 0
local started = os.time()

function init(args)
  method = args[1] or "GET"
  path = args[2] or "/healthz"
  expected = tonumber(args[3] or "200")
  items = tonumber(args[4] or "0")
end

local function one()
  counter = counter + 1
  return string.format(
    '{"agent_id":"bench-agent","thread_id":"t-%d-%d","message_id":"m-%d-%d-%d","label":"thumbs_up",' ..
    '"author_id":"user-%d","comment":"fine answer","reasons":["fast"],"metadata":{"model":"m1","prompt_version":"v2"}}',
    thread_number, counter % 500, thread_number, counter, started, counter % 1000)
end

request = function()
  local headers = {["Authorization"] = "Bearer " .. key}
  if method == "GET" then
    return wrk.format("GET", path, headers)
  end
  headers["Content-Type"] = "application/json"
  local body
  if items > 0 then
    local parts = {}
    for i = 1, items do parts[i] = one() end
    body = '{"items":[' .. table.concat(parts, ",") .. ']}'
  else
    body = one()
  end
  return wrk.format(method, path, headers, body)
end

response = function(status, headers, body)
  -- a batch answers 200 with a status per item: any refused item counts too
  if status ~= expected or (items > 0 and string.find(body, '"status":[45]')) then
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write("unexpected status " .. status .. ": " .. string.sub(body, 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("errors") end
  io.write(string.format("unexpected_statuses %d\n", total))
end
