/**
 * Where the CPU went during a run (Linux /proc): the whole machine's busy share, and the CPU seconds
 * of the app server, of the PostgreSQL processes and of this load generator, so figures from a shared
 * machine can be read for what they are. Everything is NaN where /proc is missing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { processCpuSeconds } from './server';

function machineTicks(): { busy: number; total: number } {
	try {
		const f = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
		const idle = f[3] + f[4];
		return { busy: total - idle, total };
	} catch {
		return { busy: NaN, total: NaN };
	}
}

/** CPU seconds of every process whose command is `name` (e.g. "postgres"). */
function commandCpuSeconds(name: string): number {
	let sum = 0;
	try {
		for (const pid of readdirSync('/proc')) {
			if (!/^\d+$/.test(pid)) continue;
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				if (comm === name) sum += processCpuSeconds(Number(pid));
			} catch {
				// gone meanwhile
			}
		}
		return sum;
	} catch {
		return NaN;
	}
}

export interface CpuSnapshot {
	at: number;
	machine: { busy: number; total: number };
	servers: number;
	postgres: number;
	self: NodeJS.CpuUsage;
}

export function cpuSnapshot(serverPids: (number | undefined)[]): CpuSnapshot {
	return {
		at: performance.now(),
		machine: machineTicks(),
		servers: serverPids.reduce((s: number, p) => s + processCpuSeconds(p), 0),
		postgres: commandCpuSeconds('postgres'),
		self: process.cpuUsage()
	};
}

export interface CpuUse {
	seconds: number;
	/** Share of all cores that were busy (any process), 0–1. */
	machineBusy: number;
	cores: number;
	/** CPU seconds: app server(s), PostgreSQL processes, this load generator. */
	servers: number;
	postgres: number;
	generator: number;
}

export function cpuSince(a: CpuSnapshot, serverPids: (number | undefined)[]): CpuUse {
	const b = cpuSnapshot(serverPids);
	const self = process.cpuUsage(a.self);
	return {
		seconds: (b.at - a.at) / 1000,
		machineBusy: (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total),
		cores: availableParallelism(),
		servers: b.servers - a.servers,
		postgres: b.postgres - a.postgres,
		generator: (self.user + self.system) / 1e6
	};
}

export function formatCpu(c: CpuUse, requests: number): string {
	const pct = (s: number) => `${((100 * s) / c.seconds).toFixed(0)}%`;
	const others = c.machineBusy * c.cores * c.seconds - c.servers - c.generator - (c.postgres || 0);
	return (
		`CPU over ${c.seconds.toFixed(0)} s: machine ${(100 * c.machineBusy).toFixed(0)}% busy of ${c.cores} cores; ` +
		`app server ${c.servers.toFixed(1)} s (${pct(c.servers)} of a core, ${((1000 * c.servers) / Math.max(1, requests)).toFixed(2)} ms a request)` +
		(c.postgres > 0.05 ? `, PostgreSQL ${c.postgres.toFixed(1)} s (${pct(c.postgres)})` : '') +
		`, load generator ${c.generator.toFixed(1)} s (${pct(c.generator)}), everything else ${Math.max(0, others).toFixed(1)} s (${pct(Math.max(0, others))})`
	);
}

/** The share of all cores busy over the next `ms` (to say how loaded the machine was before a run). */
export async function machineBusy(ms = 2000): Promise<number> {
	const a = machineTicks();
	await new Promise((r) => setTimeout(r, ms));
	const b = machineTicks();
	return (b.busy - a.busy) / (b.total - a.total);
}

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * (TcpExt ListenOverflows, machine-wide). Clients see those as SYN retransmits: a connection that
 * takes 1, 3, 7… seconds to open. NaN where /proc/net/netstat is missing.
 */
export function listenOverflows(): number {
	try {
		const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
		const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
		const names = lines[i].split(/\s+/);
		const values = lines[i + 1].split(/\s+/);
		return Number(values[names.indexOf('ListenOverflows')]);
	} catch {
		return NaN;
	}
}
