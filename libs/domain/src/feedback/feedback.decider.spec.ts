import { command, feedbackGiven, personJoined, personLeft } from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR } from '../testing/calendar.js';

/** E1 at the top; E2 and E3 report to E1. */
const org = () => [personJoined('E1', null, JAN), personJoined('E2', 'E1', JAN), personJoined('E3', 'E1', JAN)];

describe('FeedbackGiven', () => {
  it('records feedback down the line', () => {
    const feedback = feedbackGiven({ giverId: 'E1', receiverId: 'E2', kind: 'coaching', solicited: true, at: FEB });
    given(org()).when(command(feedback)).then([feedback]);
  });

  it('records feedback up the line and between peers', () => {
    const upward = feedbackGiven({ giverId: 'E2', receiverId: 'E1', kind: 'constructive', solicited: true, at: FEB });
    given(org()).when(command(upward)).then([upward]);
    const peer = feedbackGiven({ giverId: 'E3', receiverId: 'E2', kind: 'praise', solicited: false, at: FEB });
    given(org()).when(command(peer)).then([peer]);
  });

  it('rejects feedback to oneself', () => {
    const violation = given(org())
      .when(command(feedbackGiven({ giverId: 'E2', receiverId: 'E2', at: FEB })))
      .thenThrows('FEEDBACK.TO_ONESELF');
    expect(violation.field).toBe('data.receiverId');
    expect(violation.message).toBe('receiverId must differ from giverId (both are E2)');
  });

  it('rejects a giver who is not active', () => {
    const violation = given([...org(), personLeft('E3', FEB)])
      .when(command(feedbackGiven({ giverId: 'E3', receiverId: 'E2', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.giverId');
  });

  it('rejects a receiver who is not active yet', () => {
    const violation = given([...org(), personJoined('E4', 'E1', APR)])
      .when(command(feedbackGiven({ giverId: 'E1', receiverId: 'E4', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.receiverId');
  });

  it('records feedback back-filled to when the giver was still there', () => {
    const feedback = feedbackGiven({ giverId: 'E3', receiverId: 'E2', at: FEB });
    given([...org(), personLeft('E3', MAR)])
      .when(command(feedback))
      .then([feedback]);
  });

  it('rejects a feedbackId already recorded in the org', () => {
    const violation = given([...org(), feedbackGiven({ feedbackId: 'F1', giverId: 'E1', receiverId: 'E2', at: FEB })])
      .when(command(feedbackGiven({ feedbackId: 'F1', giverId: 'E2', receiverId: 'E3', at: MAR })))
      .thenThrows('FEEDBACK.ALREADY_RECORDED');
    expect(violation.field).toBe('data.feedbackId');
  });
});
