// Verify auth challenge response: the answer given is the one emailed (after AWS's example).
export const handler = async (event) => {
  event.response.answerCorrect =
    event.request.privateChallengeParameters.answer === event.request.challengeAnswer;
  return event;
};
