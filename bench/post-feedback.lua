-- wrk script: POST /v1/feedback with a new slot every request (unique message id per thread and counter).
local key = os.getenv("FH_KEY")
local counter = 0
thread_number = 0  -- set per thread by setup()
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  counter = 0
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"agent_id":"bench-agent","thread_id":"t-%d-%d","message_id":"m-%d-%d-%d","label":"thumbs_up",' ..
    '"author_id":"user-%d","comment":"fine answer","reasons":["fast"],"metadata":{"model":"m1","prompt_version":"v2"}}',
    thread_number, counter % 500, thread_number, counter, os.time(), counter % 1000)
  return wrk.format("POST", "/v1/feedback",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
