/** This container's claims on the targets' assistant limits: the tokens it owes are counted with its next claim. */
import { answerBudget } from '../assistant/budget';
import { config } from './config';
import { knowledge } from './knowledge';

export const budget = answerBudget(knowledge, config().assistant.limits);
