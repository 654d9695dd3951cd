-- wrk script: each request commits 10 CMI elements for one of many learners, with unique batch ids.
local tokens = {}
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("PORTAIL_BENCH_TOKENS")) do table.insert(tokens, line) end
  thread_id = tonumber(wrk.thread:get("thread_id")) or 0
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local seq = counter
  local body = string.format(
    '{"id":"t%d-%d","attempt":1,"seq":%d,"values":{"cmi.location":"page-%d","cmi.suspend_data":"1|7|-0|a~b~~t","cmi.completion_status":"incomplete","cmi.progress_measure":"0.5","cmi.exit":"suspend","cmi.session_time":"PT12S","cmi.score.raw":"50","cmi.score.min":"0","cmi.score.max":"100","cmi.score.scaled":"0.5"}}',
    thread_id, counter, seq, counter % 7)
  return wrk.format("POST", os.getenv("PORTAIL_BENCH_PATH"), {
    ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
