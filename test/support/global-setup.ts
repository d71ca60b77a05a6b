import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startS3rver, type Running } from './servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    ddbEndpoint: string;
  }
}

/** Starts s3rver and DynamoDB Local once per test project on free loopback ports. */
export default async function setup(project: TestProject) {
  const up: Running[] = [];
  try {
    const [s3, ddb] = await Promise.all([startS3rver(), startDynamoDbLocal()]);
    up.push(s3, ddb);
    project.provide('s3Endpoint', s3.endpoint);
    project.provide('ddbEndpoint', ddb.endpoint);
  } catch (e) {
    await Promise.all(up.map((s) => s.stop()));
    throw e;
  }
  return async () => {
    await Promise.all(up.map((s) => s.stop()));
  };
}
