export { LIMITS as SLACK_LIMITS, validateBlocks, validateView } from './blocks.js';
export type {
  ApiCall,
  ChooseInit,
  ClickInit,
  Delivery,
  FakeSlack,
  FakeSlackOptions,
  FakeUserInit,
  FakeView,
  SentRequest,
  SignOptions,
  StoredMessage,
  SubmitViewInit,
  ViewSubmission,
} from './fake-slack.js';
export { startFakeSlack } from './fake-slack.js';
export { slackSignature } from './signing.js';
