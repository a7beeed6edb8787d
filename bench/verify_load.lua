-- wrk script of bench_verify: random certificates out of BENCH_VERIFY_CERTS, each looked up
-- by number and holder name, as the page's form (POST /verify/, with the CSRF cookie and
-- token) or the JSON endpoint (GET /api/verify); mode "404" requests a missing page.
-- The numbers follow bench_verify.py's SQL: PREFIX .. year .. level .. serial of g.
local mode = os.getenv("BENCH_VERIFY_MODE")
local n = tonumber(os.getenv("BENCH_VERIFY_CERTS"))
local prefix = os.getenv("BENCH_VERIFY_PREFIX")
local level = os.getenv("BENCH_VERIFY_LEVEL")
local name = os.getenv("BENCH_VERIFY_NAME") -- the holder names' prefix, percent-encoded
local csrf = os.getenv("BENCH_VERIFY_CSRF")
local page_headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "csrftoken=" .. (csrf or ""),
}

function setup(thread)
  thread:set("seed", math.random(1, 1000000000))
end

function init(args)
  math.randomseed(seed or os.time())
end

local function pick()
  local g = math.random(1, n)
  local k = g - 1
  local number = string.format("%s%02d%s%06d", prefix, 10 + math.floor(k / 900000), level, k % 900000 + 1)
  return number, name .. g
end

request = function()
  if mode == "404" then
    return wrk.format("GET", "/bench-missing/")
  end
  local number, holder = pick()
  if mode == "api" then
    return wrk.format("GET", "/api/verify?number=" .. number .. "&name=" .. holder)
  end
  local body = "number=" .. number .. "&name=" .. holder .. "&csrfmiddlewaretoken=" .. csrf
  return wrk.format("POST", "/verify/", page_headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, summary.bytes
  ))
end
