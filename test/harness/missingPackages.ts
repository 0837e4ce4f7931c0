import { codeServerMissing } from './installVscode';
import { machineProbes, missingPackages } from './prerequisites';

/** For .ci/run: the Debian packages `npm test` needs and this machine lacks, separated by spaces. */
console.log(missingPackages({ buildCodeServer: codeServerMissing(machineProbes), browser: true }, machineProbes).join(' '));
