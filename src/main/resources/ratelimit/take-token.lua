-- Takes one token from each bucket a request draws on, or none when any of them is empty: token buckets refilled
-- continuously, checked and changed in one step (Redis runs a script alone), on Redis' own clock so that every
-- replica reads a bucket alike whatever its own clock says.
--
-- KEYS[1]: the bucket of all requests; KEYS[2], for a write only: the write bucket.
-- ARGV[1]: the window (microseconds); ARGV[2]: requests per window, the capacity of KEYS[1]; ARGV[3]: the write
-- burst, the capacity of KEYS[2]. Both buckets refill at ARGV[2] tokens per window.
--
-- A key holds the moment (microseconds) when its bucket was, or would have been, empty: the tokens are the time since,
-- over the refill interval, up to the capacity. A missing key is a full bucket; a key expires when its bucket is full.
--
-- Returns, for the bucket nearest to empty (the one that refused, when one did):
-- {taken (1 or 0), which bucket (1 or 2), its capacity, its whole tokens left, ms until it is full,
--  ms until a token is there for every bucket (0 when taken)}.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1]) / tonumber(ARGV[2])
local capacities = { tonumber(ARGV[2]), tonumber(ARGV[3]) }

local tokens = {}
local taken = 1
local wait = 0
for i, key in ipairs(KEYS) do
  local empty_at = tonumber(redis.call('GET', key))
  local available = capacities[i]
  if empty_at then
    available = math.min(capacities[i], (now - empty_at) / interval)
  end
  tokens[i] = available
  if available < 1 then
    taken = 0
    wait = math.max(wait, (1 - available) * interval)
  end
end

local nearest = 1
for i, key in ipairs(KEYS) do
  if taken == 1 then
    tokens[i] = tokens[i] - 1
    local until_full = (capacities[i] - tokens[i]) * interval
    -- %.0f: a plain integer; Lua would write a number this large in exponent form and lose digits
    redis.call('SET', key, string.format('%.0f', now - tokens[i] * interval), 'PX', math.ceil(until_full / 1000))
  end
  if math.floor(tokens[i]) < math.floor(tokens[nearest]) then
    nearest = i
  end
end

local reset = (capacities[nearest] - tokens[nearest]) * interval
return { taken, nearest, capacities[nearest], math.floor(tokens[nearest]), math.ceil(reset / 1000),
         math.ceil(wait / 1000) }
