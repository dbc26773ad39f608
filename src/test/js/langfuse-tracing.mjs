// Drives the Langfuse JS SDK 3.x (npm `langfuse`) the way a traced application does, pointed at Feedback Hub: one
// trace with a retriever span and a generation, then a user's score on the trace, all flushed through
// /api/public/ingestion. Run by LangfuseTracingSdkTest with FH_BASE_URL, FH_SECRET_KEY and the ids to use; prints one
// JSON object: the ids, and every line the SDK wrote to console.error/console.warn (it logs a refused event there).
import { Langfuse } from "langfuse";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const logged = [];
for (const level of ["error", "warn"]) {
  console[level] = (...args) => logged.push(`${level}: ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
}
const requests = [];
const fetchThrough = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const response = await fetchThrough(url, init);
  requests.push({ method: init?.method ?? "GET", url: String(url), status: response.status });
  return response;
};

const langfuse = new Langfuse({
  publicKey: "pk-lf-any-public-key",
  secretKey: env("FH_SECRET_KEY"),
  baseUrl: `${env("FH_BASE_URL")}/compat/langfuse`,
  flushAt: 100,
});

const trace = langfuse.trace({
  id: env("FH_TRACE_ID"),
  name: "support-answer",
  userId: "user-42",
  sessionId: env("FH_SESSION_ID"),
  input: { question: "How do I get a refund?" },
  metadata: { prompt_version: "v7", channel: "web" },
  release: "2026.12.1",
  version: "checkout-v2",
});
trace.span({
  name: "retrieve",
  input: { query: "refund" },
  output: [{ pageContent: "Refunds are paid within 14 days.", metadata: { id: env("FH_CHUNK_ID"), title: "Refund policy", source: "https://docs.example.com/refunds" } }],
}).end();
const generation = trace.generation({
  id: env("FH_GENERATION_ID"),
  name: "answer",
  model: "gpt-4o-mini",
  modelParameters: { temperature: 0.2 },
  input: [{ role: "user", content: "How do I get a refund?" }],
  startTime: new Date("2026-12-01T10:00:00.000Z"),
});
// update() rather than end(): end() stamps its own endTime (now), and the test checks the latency from known times
generation.update({
  output: "Refunds are paid within 14 days.",
  endTime: new Date("2026-12-01T10:00:01.250Z"),
  usage: { input: 12, output: 9, total: 21 },
});
trace.update({ output: "Refunds are paid within 14 days." });
langfuse.score({ id: env("FH_SCORE_ID"), traceId: env("FH_TRACE_ID"), name: "user_thumbs", value: 1, comment: "helpful" });
await langfuse.shutdownAsync();

console.log(JSON.stringify({ logged, requests }));
