import { startFakeOllama } from './ollama';

/**
 * A stand-in for the `ollama` binary in tests: `ollama serve` runs the fake Ollama on OLLAMA_HOST's
 * port until SIGTERM or SIGINT, as the real server does. Models come from FAKE_OLLAMA_MODELS.
 */
async function main(): Promise<void> {
  if (process.argv[2] !== 'serve') {
    process.stderr.write('this test double of ollama only knows "serve"\n');
    process.exit(1);
  }
  const port = Number(/:(\d+)\/?$/.exec(process.env.OLLAMA_HOST ?? '')?.[1] ?? 11434);
  const models = (process.env.FAKE_OLLAMA_MODELS ?? 'qwen2.5-coder:7b').split(',');
  const fake = await startFakeOllama({ port, models });
  process.stdout.write(`Listening on 127.0.0.1:${port} (fake ollama)\n`);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = () => {
    clearInterval(keepAlive);
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: listen tcp: ${(error as Error).message}\n`);
  process.exit(1);
});
