import { isLocal, type Target } from '../providers/types';
import { isUnpricedRemote } from '../pricing/prices';
import { localitySentence } from '../security/locality';
import type { PathBase } from '../security/paths';
import { taskPaths, taskSize, type Decision, type Route, type Task } from '../task';
import { borderlineWidth, type BudgetStatus } from './budget';
import { resolveTarget, ruleMatches, type PolicySettings, type Rule } from './policy';
import type { PrivacyGuard, ScannedText } from './privacy';
import { plainRename, type EditorAction } from './tier0';
import { formatCount } from '../reports/numbers';

/** What the engine will do for a task, and why. */
export interface Plan {
  readonly decision: Decision;
  /** The route after policy (privacy, budget, cloud switch); can differ from the classifier's. */
  readonly route: Route;
  readonly chain: readonly Target[];
  /** Sentences explaining every policy step that changed or shaped the chain. */
  readonly notes: readonly string[];
  /** Set when nothing may or can run the task; says why and what to do. */
  readonly refusal?: string;
  /** Work the editor can do exactly without any model (tier 0). */
  readonly editorAction?: EditorAction;
  /** Nothing off this machine may take it: a local-only file, a credential, or /local. */
  readonly localOnly: boolean;
  readonly budget?: BudgetStatus;
  /** Set when targets off this machine were held back because the prompt is over the upload limit: asking the user lets them take it. */
  readonly uploadConsent?: UploadConsent;
}

/** What to ask before an upload over llmRouter.cloud.maxUploadTokens. */
export interface UploadConsent {
  readonly promptTokens: number;
  readonly limit: number;
  /** The first target held back, the one the upload would go to. */
  readonly targetId: string;
  readonly model: string;
  /** The prompt's input price there, when the model's price is known. */
  readonly estimatedCostUsd?: number;
}

export interface PlanContext {
  readonly privacy: PrivacyGuard;
  readonly budget?: BudgetStatus;
  /** The user paused local routing (status bar toggle): local targets are skipped. */
  readonly localPaused?: boolean;
  /** Where the task's relative paths are resolved and which folders the local-only globs are written against. */
  readonly pathBase?: PathBase;
  /** The user agreed to upload a prompt over llmRouter.cloud.maxUploadTokens (the editor's question, the CLI's --allow-large). */
  readonly allowLargeUpload?: boolean;
  /** This user's personal correction (adaptive routing); only asked when privacy and the cloud switch leave the route open. */
  readonly correct?: (decision: Decision) => Decision;
}

/** Turns a decision into a chain of targets, applying privacy, the cloud switch and the budget. */
export function planRoute(task: Task, classified: Decision, policy: PolicySettings, context: PlanContext): Plan {
  const notes: string[] = [];
  // Over the upload limit nothing leaves the machine unasked, so the first part is searched now and the whole once the user agrees.
  const uploadBlocked = classified.promptTokens > policy.maxUploadTokens && context.allowLargeUpload !== true;
  const privacy = context.privacy.check(taskPaths(task), scannedTexts(task), context.pathBase, uploadBlocked ? { scanLimit: PLAN_SCAN_CHARS } : {});
  const decision = context.correct === undefined || privacy.localOnly || !policy.allowCloud ? classified : context.correct(classified);
  const budget = context.budget;
  const explicitCloud = task.override === 'cloud';
  let route = decision.route;

  if (route === 'cloud' && privacy.localOnly) {
    route = 'local';
    notes.push(`Kept on this machine: ${privacy.reason}.`);
  } else if (route === 'cloud' && !policy.allowCloud) {
    route = 'local';
    notes.push('Cloud models are turned off (llmRouter.cloud.enabled), so a local model takes it.');
  } else if (route === 'cloud' && budget?.capped === true && !explicitCloud) {
    route = 'local';
    notes.push(`This month's cloud allotment ($${budget.allotmentUsd.toFixed(2)}) is used up; the cloud is used only when you ask for it (/cloud).`);
  } else if (route === 'cloud' && decision.overriddenBy === undefined && decision.score < (decision.threshold ?? 0.5) + borderlineWidth(budget)) {
    route = 'local';
    notes.push(`Borderline task (score ${decision.score.toFixed(2)}) moved local: cloud spending runs at ${budget?.pace.toFixed(1)}× an even pace this month.`);
  }

  // What the user marks /local never reaches the cloud, not even as a fallback.
  const chosenLocal = task.override === 'local';
  const keepOnMachine = privacy.localOnly || chosenLocal;
  const mustStay = privacy.localOnly ? privacy.reason : chosenLocal ? 'you chose /local' : undefined;
  if (chosenLocal && !privacy.localOnly) notes.push('You chose /local: no model off this machine takes it, not even as a fallback.');
  const cloudAllowed = policy.allowCloud && !keepOnMachine && (budget?.capped !== true || explicitCloud);
  if (context.localPaused === true && route === 'local' && cloudAllowed) {
    route = 'cloud';
    notes.push('Local routing is paused (the Ollama item in the status bar), so the cloud takes it.');
  }
  const rule = keepOnMachine ? localRule(policy, decision) : policy.rules.find((candidate) => ruleMatches(candidate, route, decision.category, taskSize(decision)));
  const ids = [...(rule?.chain ?? [])];
  if (cloudAllowed && !ids.some((id) => policy.targets[id]?.provider === 'anthropic')) ids.push(policy.cloudFallback);

  const chain: Target[] = [];
  const heldBack: Target[] = [];
  for (const id of new Set(ids)) {
    const target = resolveTarget(id, policy);
    if (target === undefined) {
      notes.push(policy.targets[id] === undefined ? `The chain names "${id}", which is not in llmRouter.targets; skipped.` : `"${id}" needs an OpenAI-compatible server (llmRouter.openaiCompatible.baseUrl); skipped.`);
      continue;
    }
    const where = target.locality === undefined ? undefined : localitySentence(target.id, target.provider, target.locality);
    if (!isLocal(target) && keepOnMachine) {
      if (where !== undefined) notes.push(`${where}, so it does not get a task that must stay on this machine.`);
      continue;
    }
    if (target.provider === 'anthropic' && !cloudAllowed) continue;
    if (isLocal(target) && context.localPaused === true) continue;
    if (!isLocal(target) && (uploadBlocked || privacy.partlySearched === true)) {
      heldBack.push(target);
      continue;
    }
    if (isUnpricedRemote(target)) notes.push(`${where ?? `${target.id} runs off this machine`}, with no price: what it spends is recorded as unknown, not as $0, and counts no savings (set inputPerMTok and outputPerMTok for it in llmRouter.targets).`);
    else if (where !== undefined) notes.push(`${where}.`);
    chain.push(target);
  }
  const first = heldBack[0];
  const uploadConsent = first === undefined ? undefined : uploadConsentFor(first, decision.promptTokens, policy.maxUploadTokens);
  if (first !== undefined) {
    notes.push(`The prompt is about ${formatCount(decision.promptTokens)} tokens, over your upload limit of ${formatCount(policy.maxUploadTokens)} (llmRouter.cloud.maxUploadTokens): ${heldBack.map((target) => target.id).join(', ')} take${heldBack.length === 1 ? 's' : ''} it only if you confirm (on the CLI: --allow-large).`);
  }

  const editorAction = decision.category === 'rename' ? plainRename(task) : undefined;
  if (editorAction !== undefined) notes.push(`A plain rename of ${editorAction.from} to ${editorAction.to}: the editor's rename does it exactly, with no model.`);

  let refusal: string | undefined;
  if (chain.length === 0 && editorAction === undefined) {
    refusal =
      uploadConsent !== undefined
        ? uploadRefusal(uploadConsent)
        : mustStay !== undefined && context.localPaused === true
        ? `This task must stay on your machine (${mustStay}), and local routing is paused. Resume it from the Ollama item in the status bar.`
        : mustStay !== undefined
          ? `This task must stay on your machine (${mustStay}), and no local model is configured for it. Add a local target to llmRouter.targets or start Ollama.`
          : context.localPaused === true
            ? 'Local routing is paused and the cloud is not allowed for this task. Resume local routing from the status bar, or allow the cloud.'
            : 'No target can take this task: every target in its chain is missing or turned off. Check llmRouter.rules and llmRouter.targets.';
  }
  return { decision, route, chain, notes, localOnly: keepOnMachine, ...(refusal === undefined ? {} : { refusal }), ...(editorAction === undefined ? {} : { editorAction }), ...(budget === undefined ? {} : { budget }), ...(uploadConsent === undefined ? {} : { uploadConsent }) };
}

export function uploadConsentFor(target: Target, promptTokens: number, limit: number): UploadConsent {
  return { promptTokens, limit, targetId: target.id, model: target.model };
}

export function uploadRefusal(consent: UploadConsent): string {
  return `The prompt is about ${formatCount(consent.promptTokens)} tokens, over your upload limit of ${formatCount(consent.limit)} (llmRouter.cloud.maxUploadTokens), so nothing was sent. Confirm the upload (on the CLI: --allow-large), select less, or raise the limit.`;
}

/** How much of a prompt over the upload limit is searched for credentials before the user agrees to upload it. */
const PLAN_SCAN_CHARS = 262_144;

/**
 * The rule for a task that must stay local: the first matching rule with a local target, else the
 * first local-route rule for its category regardless of prompt size (a long prompt's rule sends
 * it to the cloud, which is not an option here; whether it fits a local window is checked later).
 */
function localRule(policy: PolicySettings, decision: Decision): Rule | undefined {
  const hasLocalTarget = (rule: Rule) => rule.chain.some((id) => {
    const target = resolveTarget(id, policy);
    return target !== undefined && isLocal(target);
  });
  return (
    policy.rules.find((rule) => ruleMatches(rule, 'local', decision.category, taskSize(decision)) && hasLocalTarget(rule)) ??
    policy.rules.find((rule) => ruleMatches(rule, 'local', decision.category, undefined) && hasLocalTarget(rule)) ??
    // None: the plain local rule, so that the notes say why each of its targets cannot take it.
    policy.rules.find((rule) => rule.when.route === 'local' && ruleMatches(rule, 'local', decision.category, undefined))
  );
}

/** The instruction is prose; the code is read in its own language (a bare value is a literal in YAML, not in Python). */
function scannedTexts(task: Task): ScannedText[] {
  const code: ScannedText = { text: task.code, label: 'the code', context: { ...(task.language === undefined ? {} : { language: task.language }), ...(task.path === undefined ? {} : { path: task.path }) } };
  const context: ScannedText[] = task.context === undefined || task.context === '' ? [] : [{ text: task.context, label: 'the conversation' }];
  return [{ text: task.instruction, label: 'the instruction' }, ...(task.code === '' ? [] : [code]), ...context];
}
