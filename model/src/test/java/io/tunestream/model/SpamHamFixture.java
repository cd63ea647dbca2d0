package io.tunestream.model;

import java.util.List;

/** 32 short hand-written messages, half spam (label 1), half ham (label 0). */
public final class SpamHamFixture {

    /** Message texts. */
    public static final List<String> TEXTS = List.of(
            "WINNER! You have been selected for a cash prize of 5000 dollars, call now",
            "Free entry into our weekly lottery, text WIN to 80085 to claim",
            "Cheap meds online, no prescription needed, order today",
            "Your account is locked, verify your password at this link immediately",
            "Congratulations, you won a brand new iPhone, click here to collect",
            "Earn money from home, 3000 a week guaranteed, no experience",
            "Lowest mortgage rates ever, refinance now before it is too late",
            "URGENT: your parcel is held, pay the customs fee via this link",
            "Hot singles in your area are waiting to meet you tonight",
            "Get a free gift card worth 500, just complete this short survey",
            "Limited offer: buy one get three free, exclusive deal for you",
            "You are pre-approved for a loan, no credit check, apply now",
            "Act now! Miracle weight loss pill melts fat overnight",
            "Claim your free vacation to the Bahamas, reply YES today",
            "Your bank needs you to confirm your details, reply with your PIN",
            "Make millions with this secret crypto trading system",
            "Hi Tom, are we still on for lunch tomorrow at noon?",
            "The meeting has moved to room 4B, see you at three",
            "Please review the attached draft before Friday's call",
            "Thanks for the birthday wishes, it was a lovely evening",
            "Can you pick up milk and bread on the way home?",
            "The build failed on main again, I am looking into it",
            "Mum says dinner is at seven on Sunday, bring the kids",
            "Here are my notes from today's lecture on thermodynamics",
            "Reminder: dentist appointment on Tuesday at 9:30",
            "I pushed the fix for the login bug, can you review it?",
            "Let's move our call to Thursday, something came up",
            "The quarterly report looks good, just two small comments",
            "Our flight lands at 6pm, could you collect us at the airport?",
            "Football practice is cancelled this week because of the rain",
            "I finished the book you lent me, thank you so much",
            "The invoice for last month is in the shared folder");

    /** Labels: 1 spam, 0 ham, aligned with {@link #TEXTS}. */
    public static final long[] LABELS = labels();

    private SpamHamFixture() {}

    private static long[] labels() {
        long[] labels = new long[32];
        for (int i = 0; i < 16; i++) {
            labels[i] = 1;
        }
        return labels;
    }
}
