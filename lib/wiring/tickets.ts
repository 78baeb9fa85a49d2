/** This container's store of redeemed connect tickets (the $connect authorizer's only table access). */
import { dynamo } from '../platform/clients';
import { config } from '../platform/config';
import { ticketStore } from '../store/ticket-store';

export const tickets = ticketStore(dynamo(), config().tables.routing);
