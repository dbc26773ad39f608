package io.feedbackhub.insight.agreement;

/**
 * How far a judge (feedback of one source under one name) agrees with people on the same targets, and its rate
 * calibrated against them.
 *
 * @param agreement the judge against the human consensus of each item (the label most of its people gave; an item
 *                  whose people tie is left out), as two raters "judge" and "human"
 * @param calibration null when the name's values have no scores (labels without a score carry no rate)
 */
public record JudgeReport(String name, String judgeSource, AgreementReport agreement, Calibration calibration) {
}
