import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './paths';

/** Debian's Chromium, headless, with everything that would reach the internet switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
