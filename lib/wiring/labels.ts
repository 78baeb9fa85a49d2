/** This container's label store (per-label items in the routing table) and what the label routes need. */
import { dynamo } from './clients';
import { config } from './config';
import type { LabelDeps } from '../chat/labels';
import { labelStore } from '../store/label-store';
import { history } from './history';
import { notes } from './notes';

export const labels = labelStore(dynamo(), config().tables.routing);

export const labelDeps: LabelDeps = { ...history, notes, labels };
