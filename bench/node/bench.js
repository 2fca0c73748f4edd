// No-op jobs through Node's bullmq at a given concurrency; prints jobs/s as JSON.
// usage: node bench.js <redisUrl> <jobs> <concurrency>
const { Queue, Worker } = require("bullmq");
const IORedis = require("ioredis");

async function main() {
  const [url, jobsArg, concArg] = process.argv.slice(2);
  const jobs = Number(jobsArg), concurrency = Number(concArg);
  const connection = new IORedis(url, { maxRetriesPerRequest: null });
  const name = `node-bench-${concurrency}-${Date.now()}`;
  const queue = new Queue(name, { connection, prefix: "theset-bench" });
  const batch = [];
  for (let i = 0; i < jobs; i++) batch.push({ name: "noop", data: { i }, opts: { removeOnComplete: true } });
  for (let i = 0; i < batch.length; i += 1000) await queue.addBulk(batch.slice(i, i + 1000));
  let done = 0;
  const started = Date.now();
  const finished = new Promise((resolve) => {
    const worker = new Worker(name, async () => null, { connection, concurrency, prefix: "theset-bench" });
    worker.on("completed", () => { if (++done === jobs) resolve(worker); });
  });
  const worker = await finished;
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ jobs, concurrency, seconds, jobs_per_s: jobs / seconds }));
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
}
main().catch((err) => { console.error(err); process.exit(1); });
