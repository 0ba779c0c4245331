export { LIMITS as SLACK_LIMITS, validateBlocks } from './blocks.js';
export type {
  ApiCall,
  ClickInit,
  Delivery,
  FakeSlack,
  FakeSlackOptions,
  FakeUserInit,
  SentRequest,
  SignOptions,
  StoredMessage,
} from './fake-slack.js';
export { startFakeSlack } from './fake-slack.js';
export { slackSignature } from './signing.js';
