// svIntrConnect's chains: per device interrupt line, the connected handlers in connection order
// (reference §6: a handler says whether it claimed the interrupt, unclaimed ones go down the
// chain). The line is enabled at the controller while its chain is not empty.
import type { Nucleus } from './nucleus.ts';
import type { Actor, InterruptHandler, Semaphore } from './objects.ts';

interface Connection {
  readonly id: number;
  readonly actor: Actor;
  readonly handler: InterruptHandler;
}

export class InterruptChains {
  private readonly chains = new Map<number, Connection[]>();
  private nextId = 1;

  constructor(private readonly enableLine: (irq: number, on: boolean) => void) {}

  /** Adds `handler` at the end of line `irq`'s chain; returns the connection id. */
  connect(irq: number, actor: Actor, handler: InterruptHandler): number {
    let chain = this.chains.get(irq);
    if (chain === undefined) {
      chain = [];
      this.chains.set(irq, chain);
    }
    const id = this.nextId++;
    chain.push({ id, actor, handler });
    if (chain.length === 1) this.enableLine(irq, true);
    return id;
  }

  /** Removes connection `id` made by `actor`; false when there is none. */
  disconnect(id: number, actor: Actor): boolean {
    for (const [irq, chain] of this.chains) {
      const at = chain.findIndex((c) => c.id === id && c.actor === actor);
      if (at < 0) continue;
      chain.splice(at, 1);
      if (chain.length === 0) {
        this.chains.delete(irq);
        this.enableLine(irq, false);
      }
      return true;
    }
    return false;
  }

  /** Removes every connection of an actor being deleted. */
  disconnectActor(actor: Actor): void {
    for (const chain of [...this.chains.values()])
      for (const c of [...chain]) if (c.actor === actor) this.disconnect(c.id, actor);
  }

  chain(irq: number): readonly Connection[] {
    return this.chains.get(irq) ?? [];
  }
}

/**
 * Line `irq` interrupted: the chain's handlers are called in order until one claims it. An
 * unclaimed level interrupt would come back at once, so its line is masked and the fact reported.
 */
export function runChain(n: Nucleus, irq: number): void {
  const context = { irq, cpu: n.cpu, semV: (sem: Semaphore) => n.semPost(sem) };
  for (const c of n.interrupts.chain(irq)) if (n.guarded(() => c.handler(context))) return;
  n.unclaimedInterrupts++;
  n.hal.enableIrq(irq, false);
  n.hal.consoleWrite(`nucleus: interrupt ${irq} not claimed by any handler; line masked\n`);
}
