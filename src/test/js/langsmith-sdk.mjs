// Drives the official LangSmith JS SDK (langsmith's Client) against a running Feedback Hub, the way an
// application would: apiUrl pointed at /compat/langsmith, a Feedback Hub secret key as the API key. Run by
// LangSmithSdkTest, which passes FH_BASE_URL, FH_SECRET_KEY and the ids to use, and checks what this prints: one
// JSON object with every answer the SDK got (errors as {error: {status, message}}).
import { Client } from "langsmith";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const apiUrl = `${env("FH_BASE_URL")}/compat/langsmith`;
const run = env("FH_RUN");
const runId = env("FH_RUN_ID");
const sessionId = env("FH_SESSION_ID");
const ids = { correctness: env("FH_FEEDBACK_CORRECTNESS"), thumbs: env("FH_FEEDBACK_THUMBS") };

const client = new Client({ apiUrl, apiKey: env("FH_SECRET_KEY"), autoBatchTracing: false });
const out = {};

async function attempt(name, call) {
  try {
    out[name] = await call();
  } catch (e) {
    out[name] = { error: { status: e.status ?? null, message: String(e.message ?? e) } };
  }
}

async function all(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

await attempt("created", () =>
  client.createFeedback(runId, `correctness_${run}`, {
    feedbackId: ids.correctness,
    sessionId,
    score: 0.8,
    value: "mostly right",
    comment: "first look",
    correction: { output: "the fixed answer" },
    sourceInfo: { user_id: "user-7", channel: "review" },
  }),
);
await attempt("readCreated", () => client.readFeedback(ids.correctness));
await attempt("update", async () => {
  await client.updateFeedback(ids.correctness, { score: 0.3, comment: "second look" });
  return { updated: true };
});
await attempt("readUpdated", () => client.readFeedback(ids.correctness));

await attempt("createdThumbs", () =>
  client.createFeedback(runId, `thumbs_${run}`, { feedbackId: ids.thumbs, sessionId, score: true }),
);
// The SDK retries a create whose answer it did not get: the same id and values must not make a second record.
await attempt("retriedThumbs", () =>
  client.createFeedback(runId, `thumbs_${run}`, { feedbackId: ids.thumbs, sessionId, score: true }),
);
await attempt("listByRun", () => all(client.listFeedback({ runIds: [runId] })));
await attempt("listByKey", () => all(client.listFeedback({ runIds: [runId], feedbackKeys: [`thumbs_${run}`] })));

// A presigned token: whoever holds the URL records feedback of one key on one run, without a key.
await attempt("token", () => client.createPresignedFeedbackToken(runId, `rating_${run}`));
await attempt("submitByGet", async () => {
  const response = await fetch(`${out.token.url}?score=1&comment=from%20the%20link`);
  return { status: response.status, body: await response.json() };
});
await attempt("submitByPost", async () => {
  const response = await fetch(out.token.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ score: 0, value: "meh", metadata: { user_id: "user-9" } }),
  });
  return { status: response.status, body: await response.json() };
});

await attempt("delete", async () => {
  await client.deleteFeedback(ids.thumbs);
  return { deleted: true };
});
await attempt("readDeleted", () => client.readFeedback(ids.thumbs));
await attempt("listAfterDelete", () => all(client.listFeedback({ runIds: [runId] })));

const intruder = new Client({ apiUrl, apiKey: "not-a-key", autoBatchTracing: false });
await attempt("wrongKey", () => intruder.readFeedback(ids.correctness));

process.stdout.write(JSON.stringify(out) + "\n");
