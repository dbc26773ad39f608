// Drives the OpenTelemetry JS SDK with its OTLP/HTTP protobuf exporter against a running Feedback Hub, the way an
// instrumented application would: one GenAI chat span (semantic conventions gen_ai.*) exported to the native door
// (Bearer key) and one to the Langfuse door (Basic pk:sk), as Langfuse's own OTel setup does. Run by
// OpenTelemetrySdkTest, which passes FH_BASE_URL and FH_SECRET_KEY and checks what this prints: one JSON object with
// each export's result code and the trace and span ids of its span.
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env("FH_BASE_URL");
const secret = env("FH_SECRET_KEY");
const doors = {
  native: { url: `${base}/v1/otel/v1/traces`, headers: { Authorization: `Bearer ${secret}` } },
  langfuse: {
    url: `${base}/compat/langfuse/api/public/otel/v1/traces`,
    headers: { Authorization: `Basic ${Buffer.from(`pk-lf-any:${secret}`).toString("base64")}` },
  },
};

const out = {};
for (const [door, target] of Object.entries(doors)) {
  const exporter = new OTLPTraceExporter({ ...target, compression: "gzip" });
  const results = [];
  const recording = {
    export: (spans, done) => exporter.export(spans, (result) => { results.push(result.code); done(result); }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.(),
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "otel-sdk-test", "deployment.environment.name": "ci" }),
    spanProcessors: [new SimpleSpanProcessor(recording)],
  });
  const span = provider.getTracer("feedback-hub-test").startSpan("chat gpt-4o-mini", {
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: `Where is my parcel? (${door})` }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "It ships tomorrow." }], finish_reason: "stop" }]),
      "gen_ai.usage.input_tokens": 12,
      "gen_ai.usage.output_tokens": 5,
    },
  });
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  out[door] = { results, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}
console.log(JSON.stringify(out));
