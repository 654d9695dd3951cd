-- wrk script: progress reads for many learners.
local tokens = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("PORTAIL_BENCH_TOKENS")) do table.insert(tokens, line) end
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", os.getenv("PORTAIL_BENCH_PATH"), { ["Authorization"] = "Bearer " .. token })
end
