/** Formatting shared by the cases. */
import type {AbResult} from '../ab-timer.js';
import {formatSummary} from '../stats.js';

export function ratioText(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

export function mib(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(0)} MiB` : 'n/a';
}

/** Print the full A/B detail lines for one comparison. */
export function printAb(result: AbResult, aLabel: string, bLabel: string): void {
	console.log(`    A ${aLabel}: wall ${formatSummary(result.a.wall)}, cpu ${formatSummary(result.a.cpu, 'ms', 0)}, peak ${formatSummary(result.a.peakMiB, 'MiB', 0)}`);
	console.log(`    B ${bLabel}: wall ${formatSummary(result.b.wall)}, cpu ${formatSummary(result.b.cpu, 'ms', 0)}, peak ${formatSummary(result.b.peakMiB, 'MiB', 0)}`);
	console.log(`    A/B wall per pair: ${formatSummary(result.ratio, '×', 2)}; A/B cpu: ${formatSummary(result.cpuRatio, '×', 2)}`);
}

export function errorNote(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}
