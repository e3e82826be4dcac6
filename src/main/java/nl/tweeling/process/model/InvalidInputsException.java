package nl.tweeling.process.model;

import java.util.List;

/**
 * Thrown by {@link Model#parseInputs} with every problem found in the inputs at once; the execute request then
 * answers 400 listing them all and starts nothing. Each problem names the input and says what to send instead.
 */
public class InvalidInputsException extends Exception {

    /** One problem: the input's name ({@code null} for the request as a whole) and what to do about it. */
    public record Problem(String input, String detail) {
    }

    private final List<Problem> problems;

    public InvalidInputsException(List<Problem> problems) {
        super(problems.size() + " invalid input(s)", null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputsException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
