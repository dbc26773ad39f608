// Drives the LangSmith JS SDK (npm `langsmith`, its traceable wrapper and Client) the way a traced application does,
// pointed at Feedback Hub: a root chain run with a retriever and an LLM run inside, batched to /runs/batch, then a
// user's feedback on the root run. Run by LangSmithTracingSdkTest with FH_BASE_URL, FH_SECRET_KEY and the ids; prints
// one JSON object: the root run id, every request the SDK made, and every line it wrote to console.error/warn.
import { Client } from "langsmith";
import { traceable, getCurrentRunTree } from "langsmith/traceable";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const logged = [];
for (const level of ["error", "warn"]) {
  console[level] = (...args) => logged.push(`${level}: ${args.map((a) => (a instanceof Error ? a.stack : typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
}
const requests = [];
const fetchThrough = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const response = await fetchThrough(url, init);
  requests.push({ method: init?.method ?? "GET", url: String(url), status: response.status });
  return response;
};

const client = new Client({ apiUrl: `${env("FH_BASE_URL")}/compat/langsmith`, apiKey: env("FH_SECRET_KEY") });
const common = { client, tracingEnabled: true, project_name: "support" };

const retrieve = traceable(
  async (query) => [{ pageContent: "Refunds are paid within 14 days.", metadata: { id: env("FH_CHUNK_ID"), title: "Refund policy", source: "https://docs.example.com/refunds" } }],
  { ...common, name: "retrieve", run_type: "retriever" },
);
const callModel = traceable(
  async (messages) => ({
    choices: [{ message: { role: "assistant", content: "Refunds are paid within 14 days." } }],
    usage_metadata: { input_tokens: 12, output_tokens: 9, total_tokens: 21 },
  }),
  { ...common, name: "ChatOpenAI", run_type: "llm", metadata: { ls_provider: "openai", ls_model_name: "gpt-4o-mini" } },
);
let rootRunId;
const answer = traceable(
  async (question) => {
    rootRunId = getCurrentRunTree().id;
    const docs = await retrieve(question);
    const reply = await callModel([{ role: "system", content: docs[0].pageContent }, { role: "user", content: question }]);
    return reply.choices[0].message.content;
  },
  { ...common, name: "answer", run_type: "chain", metadata: { session_id: env("FH_SESSION_ID"), prompt_version: "v7" } },
);

await answer("How do I get a refund?");
await client.awaitPendingTraceBatches();
// The SDK warns when feedback names no project (sessionId); an application passes its tracing project's id.
const feedback = await client.createFeedback(rootRunId, "user_thumbs", { score: 1, comment: "helpful", sessionId: env("FH_PROJECT_ID") });
console.log(JSON.stringify({ rootRunId, feedbackId: feedback.id, logged, requests }));
