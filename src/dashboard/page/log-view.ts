import type { LogEvent } from '../payload.js';
import { clock, esc } from './dom.js';

/** The event log: restarts, exits, gave-up, breaker trips and recoveries, actions; filterable by kind and text. */

const KEEP = 1000;
const GROUPS: Record<string, ReadonlyArray<LogEvent['kind']>> = {
  restarts: ['childRestarted', 'workerRestarted'],
  exits: ['childExited', 'childTerminated', 'childStartFailed', 'workerCrashed', 'stopped'],
  'gave up': ['gaveUp', 'failed'],
  breaker: ['circuitOpened', 'circuitHalfOpened', 'circuitClosed'],
  recovery: ['recovering', 'recovered'],
  actions: ['action'],
};

const BAD: ReadonlySet<string> = new Set(['workerCrashed', 'gaveUp', 'circuitOpened', 'failed', 'childStartFailed']);
const GOOD: ReadonlySet<string> = new Set(['circuitClosed', 'recovered']);

/** Keeps the last 1,000 events and draws those that pass the filters. */
export class LogView {
  private readonly events: LogEvent[] = [];
  private readonly list: HTMLElement;
  private readonly text: HTMLInputElement;
  private readonly group: HTMLSelectElement;

  constructor(container: HTMLElement) {
    container.innerHTML = `<div class="log-filters"><select class="log-group" aria-label="kind"><option value="">all kinds</option>${Object.keys(GROUPS)
      .map((group) => `<option value="${group}">${group}</option>`)
      .join('')}</select><input class="log-text" type="search" placeholder="filter: path, child, reason…" aria-label="filter"></div><table class="log"><thead><tr><th>time</th><th>event</th><th>source</th><th>child</th><th>detail</th></tr></thead><tbody></tbody></table>`;
    this.list = container.querySelector('tbody') as HTMLElement;
    this.text = container.querySelector('.log-text') as HTMLInputElement;
    this.group = container.querySelector('.log-group') as HTMLSelectElement;
    this.text.addEventListener('input', () => this.render());
    this.group.addEventListener('change', () => this.render());
  }

  /** Adds a batch's events and redraws if any came. */
  add(events: readonly LogEvent[]): void {
    if (events.length === 0) return;
    this.events.push(...events);
    if (this.events.length > KEEP) this.events.splice(0, this.events.length - KEEP);
    this.render();
  }

  private render(): void {
    const kinds = GROUPS[this.group.value];
    const needle = this.text.value.trim().toLowerCase();
    const rows: string[] = [];
    for (let i = this.events.length - 1; i >= 0 && rows.length < 300; i--) {
      const event = this.events[i] as LogEvent;
      if (kinds !== undefined && !kinds.includes(event.kind)) continue;
      if (needle !== '' && !`${event.kind} ${event.source} ${event.child ?? ''} ${event.detail ?? ''}`.toLowerCase().includes(needle)) continue;
      const tone = BAD.has(event.kind) || (event.kind === 'childExited' && /^(crashed|killed)/.test(event.detail ?? '')) ? 'bad' : GOOD.has(event.kind) ? 'good' : '';
      rows.push(`<tr data-kind="${event.kind}" class="${tone}"><td><time>${clock(event.at)}</time></td><td>${event.kind}</td><td>${esc(event.source)}</td><td>${esc(event.child ?? '')}</td><td>${esc(event.detail ?? '')}</td></tr>`);
    }
    this.list.innerHTML = rows.join('');
  }
}
