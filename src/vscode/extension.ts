import * as vscode from 'vscode';
import type { Plan } from '../core/policy/planRoute';
import type { LedgerReport } from '../core/reports/ledgerReport';
import { weekPeriod } from '../core/reports/period';
import type { Task } from '../core/task';
import { isTokenCounterLoaded } from '../core/tokens/tokenCounter';
import { ApiKeyStore } from './apiKeyStore';
import { ANTHROPIC_KEY, OPENAI_COMPATIBLE_KEY } from './apiKeys';
import { checkLocalEngine } from './commands/checkLocalEngine';
import { classifySelection, type ClassifySelectionArgs } from './commands/classifySelection';
import { explainSelection, type ExplainSelectionArgs } from './commands/explainSelection';
import { exportReport, type ExportReportArgs } from './commands/exportReport';
import { pullLocalModel } from './commands/pullLocalModel';
import { resetPersonalRouting, type ResetPersonalRoutingArgs } from './commands/resetPersonalRouting';
import { routeRefactor, type RouteRefactorArgs } from './commands/routeRefactor';
import { showUsage } from './commands/showUsage';
import { CHAT_PARTICIPANT_ID, routerChatHandler, routerFollowups } from './chat/routerParticipant';
import { LANGUAGE_MODEL_VENDOR, RouterModelProvider } from './chat/routerModelProvider';
import { EngineHost } from './engineHost';
import { LedgerService } from './ledgerService';
import { OutcomeTracker } from './outcomeTracker';
import { ReportService } from './reportService';
import { SavingsPanel } from './savingsPanel';
import { TelemetryExport } from './telemetryExport';
import { TokenMeter } from './tokenMeter';
import { EditorChecks } from './editorGates';
import { PreviewDocuments } from './previewDocuments';
import { RecentInstructions } from './recentInstructions';
import { Commands, EXTENSION_ID, LOG_CHANNEL_NAME, WALKTHROUGH_ID } from './ids';
import { LocalEngineStatus } from './localEngineStatus';
import { copyClaudeCodeSetupCommand, LocalGateway, startLocalGatewayCommand, stopLocalGatewayCommand } from './localGateway';
import { SettingsStore } from './settings';
import { scrubbedLog } from './scrubbedLog';
import { headerSecrets, SecretScrubber, secretsFromEnvironment } from '../core/security/scrub';
import { workspacePathBase } from './workspacePaths';

/** What other extensions (and the integration tests) can call. */
export interface LlmRouterApi {
  /** Where the task would go and why; no model is called. */
  plan(task: Task): Promise<Plan>;
  readonly tokenizerLoaded: boolean;
  /** Whether the routing engine (and the model clients it loads) has been created. */
  readonly engineLoaded: boolean;
  /** The routing report of an ISO week ("2026-W47"), or undefined for a label that is not a week. */
  report(week: string): Promise<LedgerReport | undefined>;
  /** The folder of the ledger files (for `llm-router report --ledger` and `batch --record --ledger`). */
  readonly ledgerFolder: string;
}

export function activate(context: vscode.ExtensionContext): LlmRouterApi {
  // Every secret the extension learns (keys as they are read, telemetry headers, secret environment variables) is scrubbed from its log and records.
  const scrubber = new SecretScrubber(secretsFromEnvironment(process.env));
  const log = scrubbedLog(vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true }), scrubber);
  const settings = new SettingsStore(log);
  const rememberHeaders = () => scrubber.remember(...headerSecrets(settings.current.telemetry.headers));
  rememberHeaders();
  const localEngine = new LocalEngineStatus(settings, log);
  const ledger = new LedgerService(context.globalStorageUri, log, settings);
  const keys = new ApiKeyStore(ANTHROPIC_KEY, context.secrets, scrubber);
  const openaiCompatibleKeys = new ApiKeyStore(OPENAI_COMPATIBLE_KEY, context.secrets, scrubber);
  const telemetry = new TelemetryExport(settings, (context.extension.packageJSON as { version: string }).version, log);
  const engines = new EngineHost(settings, keys, log, ledger, () => localEngine.paused, { openaiCompatibleKeys, telemetry, pathBase: workspacePathBase, scrubber });
  const previews = new PreviewDocuments();
  const checks = new EditorChecks(log);
  const meter = new TokenMeter(ledger, settings);
  const reports = new ReportService(ledger, settings);
  const outcomes = new OutcomeTracker(ledger, settings, log);
  const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, routerChatHandler({ engines, ledger, reports, outcomes }));
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  participant.followupProvider = routerFollowups;
  const models = new RouterModelProvider(settings, engines, localEngine.onDidChangeState);
  // Once the window has settled, not during activation: the month's ledger is read, and VS Code
  // is asked for this extension's models, so that the chat view's picker lists them at once.
  const meterStart = setTimeout(() => {
    meter.start();
    void vscode.lm.selectChatModels({ vendor: LANGUAGE_MODEL_VENDOR }).then(undefined, (error: Error) => log.warn(`the LLM Router models could not be listed: ${error.message}`));
  }, 1000);
  const recent = new RecentInstructions(context.globalState);
  const gateway = new LocalGateway(context.secrets, engines, settings, keys, log, scrubber);

  context.subscriptions.push(
    log,
    settings.onDidChange(rememberHeaders),
    settings,
    localEngine,
    vscode.commands.registerCommand(Commands.classifySelection, (args?: ClassifySelectionArgs) => classifySelection(engines, log, args)),
    vscode.commands.registerCommand(Commands.checkLocalEngine, () => checkLocalEngine(localEngine)),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
    previews,
    checks,
    ledger,
    participant,
    models,
    vscode.lm.registerLanguageModelChatProvider(LANGUAGE_MODEL_VENDOR, models),
    meter,
    { dispose: () => clearTimeout(meterStart) },
    vscode.commands.registerCommand(Commands.showUsage, () => showUsage(ledger, previews)),
    vscode.commands.registerCommand(Commands.toggleOllama, () => localEngine.toggle()),
    vscode.commands.registerCommand(Commands.manageModels, () => vscode.commands.executeCommand('workbench.action.openSettings', 'llmRouter.targets')),
    vscode.commands.registerCommand(Commands.pullModel, () => pullLocalModel(localEngine, settings)),
    outcomes,
    telemetry,
    vscode.commands.registerCommand(Commands.routeRefactor, (args?: RouteRefactorArgs) => routeRefactor({ engines, recent, previews, settings, outcomes, checks }, args)),
    vscode.commands.registerCommand(Commands.exportReport, (args?: ExportReportArgs) => exportReport(reports, args)),
    vscode.commands.registerCommand(Commands.showSavings, () => SavingsPanel.show({ extensionUri: context.extensionUri, ledger, reports, settings, log })),
    vscode.commands.registerCommand(Commands.openWalkthrough, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WALKTHROUGH_ID}`, false)),
    vscode.commands.registerCommand(Commands.explainSelection, (args?: ExplainSelectionArgs) => explainSelection(engines, previews, args)),
    gateway,
    vscode.commands.registerCommand(Commands.startGateway, () => startLocalGatewayCommand(gateway)),
    vscode.commands.registerCommand(Commands.stopGateway, () => stopLocalGatewayCommand(gateway)),
    vscode.commands.registerCommand(Commands.copyClaudeCodeSetup, () => copyClaudeCodeSetupCommand(gateway)),
    vscode.commands.registerCommand(Commands.resetPersonalRouting, (args?: ResetPersonalRoutingArgs) => resetPersonalRouting(ledger, log, args)),
    ...keys.register(),
    ...openaiCompatibleKeys.register(),
  );

  return {
    // The engine's one planning path, with the budget, as every command uses.
    plan: async (task) => (await engines.get()).plan(task),
    get tokenizerLoaded() {
      return isTokenCounterLoaded();
    },
    get engineLoaded() {
      return engines.loaded;
    },
    report: async (week) => {
      const period = weekPeriod(week);
      return period === undefined ? undefined : reports.build(period);
    },
    ledgerFolder: ledger.folder,
  };
}

export function deactivate(): void {}
