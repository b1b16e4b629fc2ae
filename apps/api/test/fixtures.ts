/** Returns for the API tests. */

/** A complete, valid return of a large metropolitan authority that raises no warning. */
export const VALID_RETURN = {
  permanentHeadcount: 260,
  permanentFte: 243.1,
  agencyHeadcount: 50,
  agencyFte: 48.4,
  vacanciesFte: 60.2,
  caseHoldingFte: 180.3,
  casesHeld: 2890,
  serviceUnder2Years: 70,
  service2To5Years: 62,
  service5To10Years: 58,
  service10To20Years: 45,
  service20PlusYears: 25,
  asyeHeadcount: 28,
  startersHeadcount: 14,
  startersFte: 13.2,
  leaversHeadcount: 12,
  leaversFte: 11.4,
  sicknessAbsenceDays: 620.5,
  asyeStarted: 6,
  asyeLeft: 1,
};

/** The period the tests submit for, opened by each test file. */
export const PERIOD = '2024-25-Q2';
