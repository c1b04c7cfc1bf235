-- Argo CD health check for every kind of ecr.operators.dev (EcrRepository, EcrLifecyclePolicy,
-- EcrPullThroughCacheRule, ...), read from the conditions the operator writes on each (with
-- reason, message and observedGeneration):
--   Healthy      Ready=True for the current generation: ECR matches the spec.
--   Degraded     Stalled=True: only a person can fix it (invalid spec, ownership conflict,
--                access denied, deletion blocked, an unreachable upstream...); the message says
--                what.
--   Suspended    Ready=False with reason Paused: a person paused it (annotation
--                ecr.operators.dev/paused: "true"); nothing is written to ECR, and the message
--                says whether ECR differs from the spec.
--   Progressing  anything else: no status yet, a spec change the operator has not yet
--                observed, or work under way (creating, updating, retrying after throttling).
local hs = {}

local function find(conditions, kind)
  for _, condition in ipairs(conditions) do
    if condition.type == kind then
      return condition
    end
  end
  return nil
end

local function describe(condition)
  local reason = condition.reason or ""
  local message = condition.message or ""
  if reason ~= "" and message ~= "" then
    return reason .. ": " .. message
  end
  if reason ~= "" then
    return reason
  end
  return message
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local status = obj.status

if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report on this resource"
  return hs
end

if generation ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to apply generation " .. tostring(generation)
    .. " (observed: " .. tostring(status.observedGeneration) .. ")"
  return hs
end

-- A condition written for an older generation says nothing about the current spec.
local function current(condition)
  return condition ~= nil
    and (generation == nil or condition.observedGeneration == nil
      or condition.observedGeneration == generation)
end

local stalled = find(status.conditions, "Stalled")
if current(stalled) and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

local ready = find(status.conditions, "Ready")
if current(ready) and ready.status == "False" and ready.reason == "Paused" then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end

if current(ready) and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

hs.status = "Progressing"
local reconciling = find(status.conditions, "Reconciling")
if current(reconciling) and reconciling.status == "True" then
  hs.message = describe(reconciling)
elseif ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the Ready condition"
end
return hs
