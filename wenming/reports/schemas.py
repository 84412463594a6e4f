"""Schemas of the figures endpoint (the shape of Figures.as_dict())."""

from ninja import Schema


class RegionRefOut(Schema):
    code: str
    name: str


class CountWithParticipationsOut(Schema):
    participations: int


class TrainingFiguresOut(CountWithParticipationsOut):
    sessions: int


class ThemedActivityFiguresOut(CountWithParticipationsOut):
    activities: int


class AwardFiguresOut(Schema):
    city_excellent_project: int
    city_contest_prize: int
    city_organization_prize: int
    province_contribution: int
    province_excellent_volunteer: int
    province_excellent_community: int


class FigureValuesOut(Schema):
    three_tier_sites: int
    service_posts: int
    volunteer_squares: int
    practice_points: int
    policy_documents: int
    paired_units: int
    pairing_joint_activities: int
    service_orders: int
    teams: int
    registered_volunteers: int
    service_hours: int | float  # an integer when the sum is whole
    trainings: TrainingFiguresOut
    brand_projects: int
    themed_activities: ThemedActivityFiguresOut
    awards: AwardFiguresOut


class FiguresOut(Schema):
    region: RegionRefOut
    figures: FigureValuesOut
