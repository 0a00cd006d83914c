-- wrk script for the Taizhang API benchmark (Benchmarks/api/run.sh).
--
-- Configured through the environment:
--   TZ_TOKEN   API token (Authorization: Bearer …)
--   TZ_COOKIE  set to 1: send the token as the pages' session cookie instead (tz_session=…)
--   TZ_PATHS   comma-separated request paths (with query strings); requests rotate over them
--   TZ_METHOD  GET (default) or POST; POST sends a progress note {"text": "…"} as JSON
-- At the end it prints one line "RESULT {json}" with requests/s, latency percentiles (ms)
-- and the number of non-2xx answers counted in response() (wrk itself counts only >= 400).

local token = os.getenv("TZ_TOKEN") or ""
local method = os.getenv("TZ_METHOD") or "GET"
local paths = {}
for p in string.gmatch(os.getenv("TZ_PATHS") or "/", "[^,]+") do
  paths[#paths + 1] = p
end

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  counter = (tid or 1) * 10000000
  non2xx = 0
  if os.getenv("TZ_COOKIE") == "1" then
    wrk.headers["Cookie"] = "tz_session=" .. token
  else
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/json"
  end
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if method == "POST" then
    local body = string.format('{"text":"压测整改进展 benchmark note %d：已完成阶段性整改，群众反映的问题已逐项销号。"}', counter)
    return wrk.format("POST", path, nil, body)
  end
  return wrk.format(method, path)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (tonumber(t:get("non2xx")) or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect, e.read, e.write, e.timeout))
end
