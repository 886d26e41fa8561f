/** Child frames and the Parallel state. */
import { type JsonObject, type JsonValue, clone } from '../json.js';
import { resolvePayload } from '../payload.js';
import type { ActiveState, Frame } from '../types.js';
import type { ChildOutcome } from './shared.js';
import { FlowStates } from './flow-states.js';

export abstract class ParallelStates extends FlowStates {
  protected newFrame(parent: Frame, scope: (string | number)[], index: number): Frame {
    const frame: Frame = {
      id: this.nextId('frame-'),
      parentId: parent.id,
      scope,
      variables: {},
      lastEventId: parent.lastEventId,
      active: null,
      index,
      ...(parent.quiet || parent.active?.map?.mapRunArn ? { quiet: true } : {}),
    };
    this.snap.frames[frame.id] = frame;
    return frame;
  }

  protected stateScope(frame: Frame, name: string): (string | number)[] {
    return [...frame.scope, 'States', name];
  }

  protected async runParallel(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    let branchInput: JsonValue;
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame) };
      branchInput =
        'Arguments' in st ? await this.jsonata(frame, st.Arguments as JsonValue, states, 'Arguments') : a.input;
    } else {
      const effective = this.select(frame, st, 'InputPath', a.input);
      branchInput =
        'Parameters' in st ? resolvePayload(st.Parameters as JsonValue, this.ienv(frame, effective)) : effective;
    }
    this.emit(frame, 'ParallelStateStarted');
    const branches = (st.Branches as JsonObject[]) ?? [];
    a.phase = 'branches';
    a.branches = { frames: [], results: branches.map(() => null), completed: 0 };
    if (branches.length === 0) {
      this.emit(frame, 'ParallelStateSucceeded');
      return this.finishWithResult(frame, []);
    }
    branches.forEach((b, i) => {
      const child = this.newFrame(frame, [...this.stateScope(frame, a.name), 'Branches', i], i);
      a.branches?.frames.push(child.id);
      this.queue.push({ frameId: child.id, name: b.StartAt as string, input: clone(branchInput) });
    });
  }

  protected async childDone(parent: Frame, child: Frame, outcome: ChildOutcome): Promise<void> {
    const a = parent.active;
    if (!a) return;
    const index = child.index as number;
    if (a.branches) {
      const b = a.branches;
      b.frames[index] = null;
      if (outcome.ok) {
        b.results[index] = outcome.output;
        b.completed += 1;
        if (b.completed === b.results.length) {
          this.emit(parent, 'ParallelStateSucceeded');
          delete a.branches;
          await this.guarded(parent, () => this.finishWithResult(parent, b.results));
        }
        return;
      }
      for (const other of b.frames) if (other) this.abortFrame(other);
      delete a.branches;
      this.emit(parent, 'ParallelStateFailed');
      await this.handleError(parent, outcome.error, outcome.cause);
      return;
    }
    if (a.map) await this.iterationDone(parent, a, a.map, index, outcome);
  }
}
