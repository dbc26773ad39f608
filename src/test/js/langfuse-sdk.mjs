// Drives the official Langfuse JS SDK (@langfuse/client) against a running Feedback Hub, the way an application
// would: baseUrl pointed at /compat/langfuse, a Feedback Hub secret key as the secret key. Run by
// LangfuseSdkTest, which passes FH_BASE_URL, FH_SECRET_KEY and the ids to use, and checks what this prints: one
// JSON object with every answer the SDK got (errors as {error: {status, body}}).
import { LangfuseClient } from "@langfuse/client";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const baseUrl = `${env("FH_BASE_URL")}/compat/langfuse`;
const run = env("FH_RUN");
const ids = {
  accuracy: env("FH_SCORE_ACCURACY"),
  helpfulness: env("FH_SCORE_HELPFULNESS"),
  hallucination: env("FH_SCORE_HALLUCINATION"),
};
const trace = env("FH_TRACE_ID");
const observation = env("FH_OBSERVATION_ID");
const session = env("FH_SESSION_ID");

const langfuse = new LangfuseClient({ publicKey: "pk-lf-any-public-key", secretKey: env("FH_SECRET_KEY"), baseUrl });
const out = {};

async function attempt(name, call) {
  try {
    out[name] = await call();
  } catch (e) {
    out[name] = { error: { status: e.statusCode ?? null, body: e.body ?? String(e) } };
  }
}

await attempt("health", () => langfuse.api.health.health());
await attempt("config", () =>
  langfuse.api.scoreConfigs.create({
    name: `helpfulness_${run}`,
    dataType: "CATEGORICAL",
    categories: [
      { label: "bad", value: 0 },
      { label: "good", value: 1 },
    ],
    description: "How helpful the answer was",
  }),
);

// Scores as applications send them: queued by the SDK and flushed to /api/public/ingestion in one batch.
langfuse.score.create({
  id: ids.accuracy,
  traceId: trace,
  observationId: observation,
  sessionId: session,
  name: `accuracy_${run}`,
  value: 0.9,
  dataType: "NUMERIC",
  comment: "first look",
  environment: "production",
  metadata: { model: "model-a", userId: "user-1", prompt: { version: 3, tags: ["x"] } },
});
langfuse.score.create({
  id: ids.helpfulness,
  traceId: trace,
  name: `helpfulness_${run}`,
  value: "good",
  dataType: "CATEGORICAL",
  configId: `helpfulness_${run}`,
});
langfuse.score.create({
  id: ids.hallucination,
  traceId: trace,
  name: `hallucination_${run}`,
  value: 0,
  dataType: "BOOLEAN",
});
await langfuse.flush();
await attempt("readCreated", () => langfuse.api.scores.getById(ids.accuracy));

// Update: the same id again with new values, as Langfuse's SDKs do to change a score.
langfuse.score.create({
  id: ids.accuracy,
  traceId: trace,
  observationId: observation,
  sessionId: session,
  name: `accuracy_${run}`,
  value: 0.4,
  dataType: "NUMERIC",
  comment: "second look",
  environment: "production",
  metadata: { model: "model-a", userId: "user-1", prompt: { version: 3, tags: ["x"] } },
});
await langfuse.flush();
await attempt("readUpdated", () => langfuse.api.scores.getById(ids.accuracy));
await attempt("readCategorical", () => langfuse.api.scores.getById(ids.helpfulness));
await attempt("readBoolean", () => langfuse.api.scores.getById(ids.hallucination));

await attempt("listByTrace", () => langfuse.api.scores.getMany({ traceId: trace, limit: 2, page: 1 }));
await attempt("listByTracePage2", () => langfuse.api.scores.getMany({ traceId: trace, limit: 2, page: 2 }));
await attempt("listByName", () => langfuse.api.scores.getMany({ name: `accuracy_${run}` }));
await attempt("listV3", () => langfuse.api.scoresV3.getManyV3({ traceId: trace, fields: "details,subject", limit: 2 }));
await attempt("configs", () => langfuse.api.scoreConfigs.get({ page: 1, limit: 100 }));

// The direct route, without an id: the server names the score.
await attempt("createDirect", () =>
  langfuse.api.scores.create({ traceId: trace, name: `direct_${run}`, value: 3, dataType: "NUMERIC" }),
);

// A mixed batch: a score, a trace (recorded as context), and a score that breaks its type.
await attempt("mixedBatch", () =>
  langfuse.api.ingestion.batch({
    batch: [
      { id: "event-ok", type: "score-create", timestamp: new Date().toISOString(),
        body: { traceId: trace, name: `batch_${run}`, value: 1 } },
      { id: "event-trace", type: "trace-create", timestamp: new Date().toISOString(), body: { id: trace } },
      { id: "event-bad", type: "score-create", timestamp: new Date().toISOString(),
        body: { traceId: trace, name: `batch_bad_${run}`, value: 7, dataType: "BOOLEAN" } },
    ],
  }),
);

await attempt("delete", async () => {
  await langfuse.api.legacy.scoreV1.delete(ids.hallucination);
  return { deleted: true };
});
await attempt("readDeleted", () => langfuse.api.scores.getById(ids.hallucination));

const intruder = new LangfuseClient({ publicKey: "pk-lf-x", secretKey: "not-a-key", baseUrl });
await attempt("wrongKey", () => intruder.api.scores.getMany({}));

process.stdout.write(JSON.stringify(out) + "\n");
