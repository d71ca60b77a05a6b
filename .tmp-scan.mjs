import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const d = new DynamoDBClient({ endpoint: 'http://127.0.0.1:4598', region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
for (const i of (await d.send(new ScanCommand({ TableName: process.argv[2] ?? 'bb-repos' }))).Items) { delete i.metadata_json; console.log(JSON.stringify(i)); }
