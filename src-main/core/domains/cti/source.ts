// The one interface every CTI adapter implements. An adapter turns what a phone system says (a URL,
// a command line, an HTTP request, AMI events) into CallEvents and hands them to a sink: the call
// lifecycle. Adapters that hold sockets start when configured and stop when the engine closes.
import type { CallEvent, SourceStatus } from '../../../../src-shared/index.js';

export type CallEventSink = (event: CallEvent) => void;

export interface CallEventSource {
  readonly name: 'webhook' | 'ami';
  start(sink: CallEventSink): Promise<void>;
  stop(): Promise<void>;
  status(): SourceStatus;
}

export const SOURCE_OFF: SourceStatus = { state: 'off', error: null, port: null, nextAttemptAt: null };
