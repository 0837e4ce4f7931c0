import * as vscode from 'vscode';
import type { LocalEngineState } from '../../core/ollama/localEngineProbe';
import { pullModel } from '../../core/ollama/pullModel';
import { describeConnectionError, isAbort } from '../../core/providers/errors';
import type { LocalEngineStatus } from '../localEngineStatus';
import type { SettingsStore } from '../settings';

/** Pulls llmRouter.ollama.model into the local Ollama with a cancellable progress bar. */
export async function pullLocalModel(status: LocalEngineStatus, settings: SettingsStore): Promise<LocalEngineState> {
  const model = settings.current.ollamaModel;
  const host = status.host;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LLM Router: pulling ${model}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        await pullModel(
          host,
          model,
          ({ status: step, fraction }) => {
            const percent = fraction === undefined ? undefined : Math.floor(fraction * 100);
            const increment = percent === undefined ? undefined : Math.max(0, percent - reported);
            if (percent !== undefined) reported = Math.max(reported, percent);
            progress.report({ message: percent === undefined ? step : `${step} · ${percent}%`, ...(increment === undefined ? {} : { increment }) });
          },
          controller.signal,
        );
      } finally {
        subscription.dispose();
      }
    });
    void vscode.window.showInformationMessage(`LLM Router: ${model} is ready.`);
  } catch (error) {
    if (!isAbort(error)) {
      const reason = describeConnectionError(error) ?? (error as Error).message;
      void vscode.window.showErrorMessage(`LLM Router: could not pull ${model} from ${host}: ${reason}`);
    }
  }
  return status.refresh();
}
