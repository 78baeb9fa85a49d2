// every integration test talks to a real stack over sockets: allow more than jest's 5 s
jest.setTimeout(60_000);
