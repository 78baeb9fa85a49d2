/** The embedded-metric-format buffer: what one line holds, and when a container writes it. */
import { METRICS_NAMESPACE, metricsBuffer } from '../../lib/platform/metrics';

// recent, so Powertools takes it as a valid EMF timestamp
const T0 = Date.now() - 3_600_000;

test('nothing recorded, nothing written; counts and timings go out as one EMF line with stage and route only', () => {
  const buffer = metricsBuffer({ stage: 'prod', route: 'sendMessage' }, () => T0);
  expect(buffer.takeLine(T0 + 120_000)).toBeUndefined();
  buffer.count('VisitorMessagesStored');
  buffer.count('VisitorMessagesStored');
  buffer.count('Refused_RATE_LIMITED');
  buffer.timing('QueueWaitMs', 1234.4);
  const line = JSON.parse(buffer.takeLine(T0 + 60_000) as string);
  expect(line).toEqual({
    _aws: {
      Timestamp: T0 + 60_000,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['stage', 'route'], ['stage']],
          Metrics: [
            { Name: 'VisitorMessagesStored', Unit: 'Count' },
            { Name: 'Refused_RATE_LIMITED', Unit: 'Count' },
            { Name: 'QueueWaitMs', Unit: 'Milliseconds' },
          ],
        },
      ],
    },
    stage: 'prod',
    route: 'sendMessage',
    VisitorMessagesStored: 2,
    Refused_RATE_LIMITED: 1,
    QueueWaitMs: 1234,
  });
  // taken means cleared
  expect(buffer.takeLine(T0 + 200_000)).toBeUndefined();
});

test("a container writes at most one line a minute, sooner only when a timing list reaches 99 values (Powertools would write one itself at EMF's 100)", () => {
  const buffer = metricsBuffer({ stage: 'prod', route: 'afterConnect' }, () => T0);
  buffer.count('PushesGone');
  expect(buffer.takeLine(T0 + 59_000)).toBeUndefined();
  expect(buffer.takeLine(T0 + 59_000, true)).toContain('"PushesGone":1');
  for (let i = 0; i < 98; i++) buffer.timing('QueueWaitMs', i);
  expect(buffer.takeLine(T0 + 60_001)).toBeUndefined();
  buffer.timing('QueueWaitMs', 98);
  const line = JSON.parse(buffer.takeLine(T0 + 60_002) as string);
  expect(line.QueueWaitMs).toHaveLength(99);
});
