import { loadTokenCounter } from '../src/core/tokens/tokenCounter';
import { personalCorrectionCost } from './adaptiveBench';
import { classifierSpeed, hugeSelectionSpeed } from './classifierBench';
import { routingQuality } from './routingQuality';
import { batchEfficiency, firstRequestOverhead, routerOverhead, streamingOverhead } from './engineBench';
import { claudeCodeRouterOverhead } from './claudeCodeRouterBench';
import { gatewayOverhead } from './gatewayBench';
import { ledgerAggregate, ledgerAppendRate } from './ledgerBench';
import { secretScanSpeed } from './credentialBench';
import { cliHelpStartup } from './startupBench';

/**
 * `npm run bench`: prints one JSON document. Speeds are medians after warm-up and are reported
 * as ratios against a baseline measured in the same run, so they compare across machines.
 */
async function main(): Promise<void> {
  // Before anything in this process loads the tokenizer; each sample is a fresh process anyway.
  const firstRequest = await firstRequestOverhead();
  const counter = await loadTokenCounter();
  const report = {
    node: process.version,
    date: new Date().toISOString(),
    classifier: {
      quality: routingQuality(counter),
      speed: classifierSpeed(counter),
      hugeSelection: hugeSelectionSpeed(counter),
    },
    // The credential search and binary-data check on 10 MB of code bound for Claude.
    secretScan: secretScanSpeed(),
    // What adaptive routing's personal correction adds to a decision.
    personalCorrection: personalCorrectionCost(counter),
    engine: {
      timeToFirstTokenOverhead: await routerOverhead(),
      streamingTimeToFirstPartOverhead: await streamingOverhead(),
      firstRequestOfAFreshProcess: firstRequest,
      batchAtParallelism4: await batchEfficiency(),
    },
    gateway: {
      timeToFirstTokenAdded: await gatewayOverhead(),
      // The same cloud pass-through figure for claude-code-router, side by side (skipped when it cannot be installed).
      claudeCodeRouterSideBySide: await claudeCodeRouterOverhead(),
    },
    cli: {
      helpStartup: await cliHelpStartup(),
    },
    ledger: {
      append: await ledgerAppendRate(),
      reportOnOneMillionRecords: ledgerAggregate(),
      // What the savings panel waits for before it draws (target: the panel opens in under 300 ms).
      panelReportOn100kRecords: ledgerAggregate(100_000, { seconds: 0.3, megabytes: 256 }),
    },
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
